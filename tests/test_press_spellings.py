"""Press spellings of places in Syria, Iraq, Turkey's border area and Lebanon.

The French (AFP) and English (Reuters, AP, AFP) spellings of the towns in the
news 2012-2019 must geocode to the right place, within 10 km of its true
position, with and without a country hint. Spellings GeoNames lacks are
attached to their place by ``data/aliases.csv``.
"""

from __future__ import annotations

import pytest

import conflict_geo
from conflict_geo.places.geoparse import geoparse
from tests.conftest import km

NOT_IN_GAZETTEER = pytest.mark.xfail(
    reason="the place is not in the gazetteer (GeoNames cities500 nor data/places.csv)"
)

# spelling, lang, country, lat, lon (the place's true position)
SPELLINGS = [
    # Syria
    ("Alep", "fr", "SY", 36.2021, 37.1343),
    ("Aleppo", "en", "SY", 36.2021, 37.1343),
    ("Jarablos", "fr", "SY", 36.8175, 38.0111),
    ("Jarabulus", "en", "SY", 36.8175, 38.0111),
    ("Kobané", "fr", "SY", 36.891, 38.3536),
    ("Kobani", "en", "SY", 36.891, 38.3536),
    ("Aïn al-Arab", "fr", "SY", 36.891, 38.3536),
    ("Minbej", "fr", "SY", 36.5281, 37.9549),
    ("Manbij", "en", "SY", 36.5281, 37.9549),
    ("Afrine", "fr", "SY", 36.5119, 36.8694),
    ("Afrin", "en", "SY", 36.5119, 36.8694),
    ("Azaz", "fr", "SY", 36.5862, 37.0463),
    ("Al-Bab", "fr", "SY", 36.3705, 37.5157),
    ("Tal Rifaat", "fr", "SY", 36.4731, 37.0967),
    ("Tal Rifaat", "en", "SY", 36.4731, 37.0967),
    pytest.param(*("Dabiq", "en", "SY", 36.5367, 37.2708), marks=NOT_IN_GAZETTEER),
    ("Marea", "en", "SY", 36.4869, 37.195),
    ("Nubl", "en", "SY", 36.3769, 36.9942),
    ("Safira", "en", "SY", 36.0697, 37.3719),
    ("Tabqa", "fr", "SY", 35.8367, 38.5481),
    ("Raqa", "fr", "SY", 35.9528, 39.0079),
    ("Raqqa", "en", "SY", 35.9528, 39.0079),
    ("Tal Abyad", "fr", "SY", 36.6975, 38.9567),
    ("Tel Abyad", "en", "SY", 36.6975, 38.9567),
    ("Aïn Issa", "fr", "SY", 36.3856, 38.8597),
    ("Ain Issa", "en", "SY", 36.3856, 38.8597),
    ("Deir Ezzor", "fr", "SY", 35.3359, 40.1408),
    ("Deir ez-Zor", "en", "SY", 35.3359, 40.1408),
    ("Deir al-Zor", "en", "SY", 35.3359, 40.1408),
    ("Mayadine", "fr", "SY", 35.0207, 40.4512),
    ("Mayadin", "en", "SY", 35.0207, 40.4512),
    ("Boukamal", "fr", "SY", 34.4531, 40.9187),
    ("Abu Kamal", "en", "SY", 34.4531, 40.9187),
    ("Albu Kamal", "en", "SY", 34.4531, 40.9187),
    ("Hajine", "fr", "SY", 34.6917, 40.8339),
    ("Hajin", "en", "SY", 34.6917, 40.8339),
    pytest.param(*("Baghouz", "fr", "SY", 34.4597, 40.9553), marks=NOT_IN_GAZETTEER),
    pytest.param(*("Baghuz", "en", "SY", 34.4597, 40.9553), marks=NOT_IN_GAZETTEER),
    ("Hassaké", "fr", "SY", 36.5024, 40.7477),
    ("Hasakeh", "en", "SY", 36.5024, 40.7477),
    ("Qamichli", "fr", "SY", 37.0522, 41.2317),
    ("Qamishli", "en", "SY", 37.0522, 41.2317),
    ("Ras al-Aïn", "fr", "SY", 36.8503, 40.0706),
    ("Ras al-Ain", "en", "SY", 36.8503, 40.0706),
    ("Tal Tamr", "en", "SY", 36.6511, 40.3711),
    ("Chaddadi", "fr", "SY", 36.0531, 40.7317),
    ("Shadadi", "en", "SY", 36.0531, 40.7317),
    ("Amouda", "fr", "SY", 37.1042, 40.93),
    ("Amuda", "en", "SY", 37.1042, 40.93),
    ("Idleb", "fr", "SY", 35.9306, 36.6339),
    ("Idlib", "en", "SY", 35.9306, 36.6339),
    ("Jisr al-Choughour", "fr", "SY", 35.8137, 36.3176),
    ("Jisr al-Shughur", "en", "SY", 35.8137, 36.3176),
    ("Saraqeb", "fr", "SY", 35.8645, 36.8061),
    ("Saraqib", "en", "SY", 35.8645, 36.8061),
    ("Khan Cheikhoun", "fr", "SY", 35.4414, 36.6508),
    ("Khan Sheikhoun", "en", "SY", 35.4414, 36.6508),
    ("Maaret al-Noomane", "fr", "SY", 35.6433, 36.6703),
    ("Maaret al-Numan", "en", "SY", 35.6433, 36.6703),
    ("Maarat al-Numan", "en", "SY", 35.6433, 36.6703),
    ("Kafranbel", "en", "SY", 35.6139, 36.5617),
    ("Salqin", "en", "SY", 36.1383, 36.4517),
    ("Sarmada", "en", "SY", 36.1806, 36.7131),
    ("Harem", "fr", "SY", 36.2072, 36.5189),
    ("Hama", "fr", "SY", 35.1318, 36.7578),
    ("Homs", "fr", "SY", 34.7324, 36.7137),
    ("Salamiyeh", "fr", "SY", 35.0114, 37.0531),
    ("Salamiyah", "en", "SY", 35.0114, 37.0531),
    ("Mhardeh", "en", "SY", 35.2483, 36.5728),
    ("Latamneh", "en", "SY", 35.3236, 36.6147),
    ("Morek", "en", "SY", 35.3797, 36.6889),
    ("Rastane", "fr", "SY", 34.9267, 36.7325),
    ("Rastan", "en", "SY", 34.9267, 36.7325),
    ("Talbissé", "fr", "SY", 34.8414, 36.7303),
    ("Talbiseh", "en", "SY", 34.8414, 36.7303),
    ("Qousseir", "fr", "SY", 34.509, 36.5797),
    ("Qusayr", "en", "SY", 34.509, 36.5797),
    ("Qoussair", "fr", "SY", 34.509, 36.5797),
    ("Palmyre", "fr", "SY", 34.56, 38.28),
    ("Palmyra", "en", "SY", 34.56, 38.28),
    ("Qaryatayn", "en", "SY", 34.2286, 37.2403),
    ("Soukhné", "fr", "SY", 34.8867, 38.8733),
    ("Sukhnah", "en", "SY", 34.8867, 38.8733),
    ("Lattaquié", "fr", "SY", 35.5317, 35.7901),
    ("Latakia", "en", "SY", 35.5317, 35.7901),
    ("Tartous", "fr", "SY", 34.889, 35.8866),
    ("Tartus", "en", "SY", 34.889, 35.8866),
    ("Jablé", "fr", "SY", 35.3608, 35.9259),
    ("Jableh", "en", "SY", 35.3608, 35.9259),
    ("Banias", "fr", "SY", 35.1822, 35.9403),
    ("Qardaha", "en", "SY", 35.4569, 36.0578),
    ("Kassab", "fr", "SY", 35.9228, 35.9869),
    ("Kasab", "en", "SY", 35.9228, 35.9869),
    ("Damas", "fr", "SY", 33.5138, 36.2765),
    ("Damascus", "en", "SY", 33.5138, 36.2765),
    ("Douma", "fr", "SY", 33.5722, 36.4022),
    ("Harasta", "fr", "SY", 33.5586, 36.365),
    ("Daraya", "fr", "SY", 33.4558, 36.2361),
    ("Darayya", "en", "SY", 33.4558, 36.2361),
    ("Zabadani", "fr", "SY", 33.7247, 36.0978),
    ("Moadamiyat al-Cham", "fr", "SY", 33.4617, 36.1953),
    ("Moadamiyeh", "en", "SY", 33.4617, 36.1953),
    ("Yabroud", "fr", "SY", 33.9675, 36.6572),
    ("Yabrud", "en", "SY", 33.9675, 36.6572),
    ("Nabak", "fr", "SY", 34.0242, 36.7286),
    ("Deraa", "fr", "SY", 32.6189, 36.1021),
    ("Daraa", "en", "SY", 32.6189, 36.1021),
    ("Nawa", "en", "SY", 32.8892, 36.0431),
    ("Bosra", "fr", "SY", 32.5189, 36.4817),
    ("Soueida", "fr", "SY", 32.7089, 36.5695),
    ("Sweida", "en", "SY", 32.7089, 36.5695),
    ("Qouneitra", "fr", "SY", 33.1256, 35.8244),
    ("Tal Tamer", "fr", "SY", 36.6511, 40.3711),
    ("Qaryatain", "en", "SY", 34.2286, 37.2403),
    ("Deir Hafer", "fr", "SY", 36.1575, 37.7067),
    ("Maskanah", "en", "SY", 35.9658, 38.0417),
    ("Anadan", "fr", "SY", 36.2936, 37.0433),
    ("Nobol", "fr", "SY", 36.3769, 36.9942),
    ("Zahraa", "en", "SY", 36.385, 36.975),
    ("Foua", "fr", "SY", 35.9653, 36.7069),
    pytest.param(*("Kafraya", "fr", "SY", 35.955, 36.69), marks=NOT_IN_GAZETTEER),
    ("Binnish", "en", "SY", 35.9569, 36.7139),
    ("Sarmine", "fr", "SY", 35.9044, 36.7231),
    ("Sarmin", "en", "SY", 35.9044, 36.7231),
    ("Taftanaz", "fr", "SY", 35.995, 36.7839),
    ("Darkouch", "fr", "SY", 35.9931, 36.3906),
    ("Qalaat al-Madiq", "en", "SY", 35.4097, 36.3892),
    ("Suqaylabiyah", "en", "SY", 35.3683, 36.38),
    ("Mhardé", "fr", "SY", 35.2483, 36.5728),
    ("Taybat al-Imam", "en", "SY", 35.2664, 36.7117),
    ("Houla", "fr", "SY", 34.89, 36.53),
    ("Arbine", "fr", "SY", 33.5389, 36.3647),
    ("Arbin", "en", "SY", 33.5389, 36.3647),
    ("Zamalka", "fr", "SY", 33.5214, 36.3583),
    ("Saqba", "fr", "SY", 33.5036, 36.3864),
    ("Hammouriyé", "fr", "SY", 33.5175, 36.3928),
    ("Hamouria", "en", "SY", 33.5175, 36.3928),
    ("Kafr Batna", "fr", "SY", 33.5147, 36.3739),
    ("Aïn Tarma", "fr", "SY", 33.5239, 36.3461),
    ("Yarmouk", "fr", "SY", 33.4728, 36.3022),
    ("Jaramana", "fr", "SY", 33.4862, 36.3461),
    ("Sayyida Zeinab", "en", "SY", 33.4458, 36.34),
    ("Qudsaya", "en", "SY", 33.5333, 36.2333),
    ("Kesswa", "fr", "SY", 33.3583, 36.2369),
    ("Kiswah", "en", "SY", 33.3583, 36.2369),
    ("Cheikh Meskine", "fr", "SY", 32.826, 36.159),
    ("Sheikh Miskin", "en", "SY", 32.826, 36.159),
    ("Tafas", "en", "SY", 32.7389, 36.0689),
    ("Nassib", "fr", "SY", 32.555, 36.21),
    ("Jassem", "fr", "SY", 32.9922, 36.0606),
    ("Jasim", "en", "SY", 32.9922, 36.0606),
    ("Ezraa", "fr", "SY", 32.8575, 36.2497),
    ("Izraa", "en", "SY", 32.8575, 36.2497),
    ("Chahba", "fr", "SY", 32.8558, 36.6294),
    ("Shahba", "en", "SY", 32.8558, 36.6294),
    ("Slenfeh", "en", "SY", 35.595, 36.19),
    ("Baniyas", "en", "SY", 35.1822, 35.9403),
    ("Jisr al-Shughour", "en", "SY", 35.8137, 36.3176),
    # Iraq
    ("Bagdad", "fr", "IQ", 33.3406, 44.4009),
    ("Baghdad", "en", "IQ", 33.3406, 44.4009),
    ("Mossoul", "fr", "IQ", 36.335, 43.1189),
    ("Mosul", "en", "IQ", 36.335, 43.1189),
    ("Fallouja", "fr", "IQ", 33.3497, 43.7836),
    ("Fallujah", "en", "IQ", 33.3497, 43.7836),
    ("Ramadi", "fr", "IQ", 33.4206, 43.3078),
    ("Tikrit", "fr", "IQ", 34.6071, 43.6782),
    ("Baïji", "fr", "IQ", 34.9311, 43.4869),
    ("Baiji", "en", "IQ", 34.9311, 43.4869),
    ("Samarra", "fr", "IQ", 34.1959, 43.8857),
    ("Kirkouk", "fr", "IQ", 35.4681, 44.3922),
    ("Kirkuk", "en", "IQ", 35.4681, 44.3922),
    ("Erbil", "fr", "IQ", 36.1911, 44.0092),
    ("Souleimaniyeh", "fr", "IQ", 35.5613, 45.4306),
    ("Sulaimaniyah", "en", "IQ", 35.5613, 45.4306),
    ("Sinjar", "fr", "IQ", 36.3209, 41.8754),
    ("Tal Afar", "fr", "IQ", 36.3744, 42.4483),
    ("Qayyarah", "en", "IQ", 35.8, 43.29),
    pytest.param(
        *("Hammam al-Alil", "fr", "IQ", 36.1592, 43.2597), marks=NOT_IN_GAZETTEER
    ),
    ("Bartella", "fr", "IQ", 36.35, 43.38),
    ("Qaraqoch", "fr", "IQ", 36.2681, 43.3778),
    ("Qaraqosh", "en", "IQ", 36.2681, 43.3778),
    pytest.param(*("Bachiqa", "fr", "IQ", 36.4539, 43.3497), marks=NOT_IN_GAZETTEER),
    pytest.param(*("Bashiqa", "en", "IQ", 36.4539, 43.3497), marks=NOT_IN_GAZETTEER),
    ("Haditha", "fr", "IQ", 34.1394, 42.3781),
    ("Hit", "en", "IQ", 33.6364, 42.8267),
    ("Qaïm", "fr", "IQ", 34.39, 41.0),
    ("Al-Qaim", "en", "IQ", 34.39, 41.0),
    ("Rutba", "fr", "IQ", 33.0381, 40.2848),
    ("Hawija", "fr", "IQ", 35.315, 43.77),
    ("Touz Khourmatou", "fr", "IQ", 34.8814, 44.6331),
    ("Tuz Khurmatu", "en", "IQ", 34.8814, 44.6331),
    ("Makhmour", "fr", "IQ", 35.7758, 43.5803),
    ("Makhmur", "en", "IQ", 35.7758, 43.5803),
    ("Charqat", "fr", "IQ", 35.51, 43.23),
    ("Shirqat", "en", "IQ", 35.51, 43.23),
    pytest.param(*("Jalawla", "en", "IQ", 34.2731, 45.1661), marks=NOT_IN_GAZETTEER),
    pytest.param(*("Amerli", "en", "IQ", 34.7203, 44.5856), marks=NOT_IN_GAZETTEER),
    ("Dohouk", "fr", "IQ", 36.8669, 42.9503),
    ("Dohuk", "en", "IQ", 36.8669, 42.9503),
    ("Zakho", "fr", "IQ", 37.1436, 42.6817),
    ("Halabja", "fr", "IQ", 35.1778, 45.9861),
    ("Baqouba", "fr", "IQ", 33.7466, 44.6437),
    ("Baquba", "en", "IQ", 33.7466, 44.6437),
    ("Abou Ghraib", "fr", "IQ", 33.3056, 44.1848),
    ("Abu Ghraib", "en", "IQ", 33.3056, 44.1848),
    ("Kerbala", "fr", "IQ", 32.616, 44.0249),
    ("Karbala", "en", "IQ", 32.616, 44.0249),
    ("Najaf", "fr", "IQ", 32.0, 44.33),
    ("Koufa", "fr", "IQ", 32.03, 44.4),
    ("Hilla", "fr", "IQ", 32.4637, 44.4196),
    ("Kout", "fr", "IQ", 32.5128, 45.8182),
    ("Amara", "fr", "IQ", 31.8356, 47.1447),
    ("Diwaniya", "fr", "IQ", 31.9929, 44.9252),
    ("Samawa", "fr", "IQ", 31.332, 45.2944),
    ("Nassiriya", "fr", "IQ", 31.0439, 46.2575),
    ("Nasiriyah", "en", "IQ", 31.0439, 46.2575),
    ("Bassora", "fr", "IQ", 30.5085, 47.7804),
    ("Basra", "en", "IQ", 30.5085, 47.7804),
    ("Oum Qasr", "fr", "IQ", 30.0362, 47.9195),
    pytest.param(*("Habbaniyah", "en", "IQ", 33.37, 43.57), marks=NOT_IN_GAZETTEER),
    ("Tel Kaif", "en", "IQ", 36.4897, 43.1194),
    pytest.param(*("Alqosh", "en", "IQ", 36.7331, 43.0961), marks=NOT_IN_GAZETTEER),
    ("Khanaqin", "en", "IQ", 34.3481, 45.3919),
    ("Muqdadiya", "en", "IQ", 33.9786, 44.9369),
    ("Balad", "en", "IQ", 34.0164, 44.1453),
    ("Dujail", "en", "IQ", 33.8467, 44.2344),
    ("Tarmiyah", "en", "IQ", 33.6711, 44.3939),
    ("Mahmudiya", "en", "IQ", 33.0614, 44.3572),
    ("Mahmoudiya", "fr", "IQ", 33.0614, 44.3572),
    ("Hillah", "en", "IQ", 32.4637, 44.4196),
    ("Kut", "en", "IQ", 32.5128, 45.8182),
    ("Amarah", "en", "IQ", 31.8356, 47.1447),
    ("Daquq", "en", "IQ", 35.1394, 44.4464),
    pytest.param(*("Rabia", "en", "IQ", 36.8017, 42.0978), marks=NOT_IN_GAZETTEER),
    ("Arbil", "en", "IQ", 36.1911, 44.0092),
    ("Umm Qasr", "en", "IQ", 30.0362, 47.9195),
    ("Zubair", "en", "IQ", 30.3892, 47.7028),
    ("Fao", "en", "IQ", 29.975, 48.4725),
    # Turkey's border area
    ("Gaziantep", "fr", "TR", 37.0662, 37.3833),
    ("Kilis", "fr", "TR", 36.7184, 37.1212),
    ("Akçakale", "fr", "TR", 36.7111, 38.9475),
    ("Akcakale", "en", "TR", 36.7111, 38.9475),
    ("Ceylanpinar", "en", "TR", 36.8461, 40.05),
    ("Suruç", "fr", "TR", 36.9761, 38.4247),
    ("Suruc", "en", "TR", 36.9761, 38.4247),
    ("Nusaybin", "fr", "TR", 37.0753, 41.2153),
    ("Reyhanli", "en", "TR", 36.2692, 36.5672),
    ("Antioche", "fr", "TR", 36.2066, 36.1572),
    ("Antakya", "en", "TR", 36.2066, 36.1572),
    ("Sanliurfa", "en", "TR", 37.1591, 38.7969),
    ("Cizre", "fr", "TR", 37.3272, 42.1903),
    ("Karkamis", "en", "TR", 36.8353, 37.9986),
    ("Urfa", "en", "TR", 37.1591, 38.7969),
    ("Yayladagi", "en", "TR", 35.9025, 36.0617),
    ("Diyarbakir", "fr", "TR", 37.9144, 40.2306),
    ("Mardin", "fr", "TR", 37.3129, 40.7339),
    ("Silopi", "fr", "TR", 37.2489, 42.4697),
    ("Sirnak", "en", "TR", 37.5164, 42.4611),
    # Lebanon
    ("Beyrouth", "fr", "LB", 33.8938, 35.5018),
    ("Beirut", "en", "LB", 33.8938, 35.5018),
    ("Ersal", "fr", "LB", 34.1794, 36.4203),
    ("Arsal", "en", "LB", 34.1794, 36.4203),
    ("Sidon", "en", "LB", 33.5631, 35.3689),
    ("Tyr", "fr", "LB", 33.2733, 35.1939),
    ("Tyre", "en", "LB", 33.2733, 35.1939),
    ("Baalbek", "fr", "LB", 34.0058, 36.2181),
    ("Hermel", "fr", "LB", 34.3942, 36.3847),
    pytest.param(*("Qaa", "en", "LB", 34.3436, 36.4756), marks=NOT_IN_GAZETTEER),
    pytest.param(
        *("Ras Baalbek", "fr", "LB", 34.2631, 36.4194), marks=NOT_IN_GAZETTEER
    ),
    ("Zahlé", "fr", "LB", 33.8467, 35.9019),
    ("Nabatiyé", "fr", "LB", 33.3772, 35.4836),
    ("Nabatieh", "en", "LB", 33.3772, 35.4836),
    ("Bint Jbeil", "en", "LB", 33.1194, 35.4333),
    pytest.param(
        *("Aïn el-Heloué", "fr", "LB", 33.5425, 35.3803), marks=NOT_IN_GAZETTEER
    ),
    pytest.param(
        *("Ain al-Hilweh", "en", "LB", 33.5425, 35.3803), marks=NOT_IN_GAZETTEER
    ),
    pytest.param(
        *("Majdal Anjar", "en", "LB", 33.7083, 35.9028), marks=NOT_IN_GAZETTEER
    ),
]

# Spellings another real place answers first, by its own name ("Tripoli",
# Libya's capital; "Saïda", Algeria; "Madaya", Myanmar), by a name it really
# bears ("Ariha" is Jericho's Arabic name, "Iskandariya" Alexandria's, "Rawa"
# Rawa Mazowiecka's, "Nabk" a name of Qurayyat) or as a governorate
# ("Quneitra"): no alias may take them away; a country hint settles them.
AMBIGUOUS = [
    ("Ariha", "fr", "SY", 35.8126, 36.6098),
    ("Madaya", "fr", "SY", 33.6886, 36.0967),
    ("Nabk", "en", "SY", 34.0242, 36.7286),
    ("Quneitra", "en", "SY", 33.1256, 35.8244),
    ("Saïda", "fr", "LB", 33.5631, 35.3689),
    ("Tripoli", "fr", "LB", 34.4367, 35.8497),
    ("Rawa", "fr", "IQ", 34.475, 41.915),
    ("Iskandariya", "en", "IQ", 32.8928, 44.3539),
]

SENTENCES = [
    # plain sentences
    ("fr", "Des combats ont eu lieu à Qousseir.", "Qousseir", "SY", 34.509, 36.5797),
    ("fr", "Des combats ont eu lieu à Hawija.", "Hawija", "IQ", 35.315, 43.77),
    ("fr", "Des combats ont eu lieu à Kout.", "Kout", "IQ", 32.5128, 45.8182),
    ("fr", "Des combats ont eu lieu à Ersal.", "Ersal", "LB", 34.1794, 36.4203),
    ("fr", "Des combats ont eu lieu à Makhmour.", "Makhmour", "IQ", 35.7758, 43.5803),
    (
        "fr",
        "Des combats ont eu lieu à Hammouriyé.",
        "Hammouriyé",
        "SY",
        33.5175,
        36.3928,
    ),
    ("fr", "Des combats ont eu lieu à Nabatiyé.", "Nabatiyé", "LB", 33.3772, 35.4836),
    ("fr", "Des combats ont eu lieu à Jarablos.", "Jarablos", "SY", 36.8175, 38.0111),
    ("en", "Fighting broke out in Marea.", "Marea", "SY", 36.4869, 37.195),
    ("en", "Fighting broke out in Moadamiyeh.", "Moadamiyeh", "SY", 33.4617, 36.1953),
    (
        "en",
        "Fighting broke out in Sulaimaniyah.",
        "Sulaimaniyah",
        "IQ",
        35.5613,
        45.4306,
    ),
    ("en", "Fighting broke out in Kasab.", "Kasab", "SY", 35.9228, 35.9869),
    ("en", "Fighting broke out in Qudsaya.", "Qudsaya", "SY", 33.5483, 36.2156),
    ("en", "Fighting broke out in Latamneh.", "Latamneh", "SY", 35.3236, 36.6147),
    ("en", "Fighting broke out in Hamouria.", "Hamouria", "SY", 33.5175, 36.3928),
    ("en", "Fighting broke out in Jarabulus.", "Jarabulus", "SY", 36.8175, 38.0111),
    # multi-word names whose single words name places elsewhere ("Ain", "Tarma")
    # need the country in the text
    (
        "fr",
        "Les forces turques sont entrées à Ras al-Aïn, en Syrie.",
        "Ras al-Aïn",
        "SY",
        36.8503,
        40.0706,
    ),
    (
        "en",
        "Turkish forces entered Ras al-Ain, in northern Syria.",
        "Ras al-Ain",
        "SY",
        36.8503,
        40.0706,
    ),
    (
        "fr",
        "Des combats ont eu lieu à Aïn Tarma, dans la Ghouta orientale.",
        "Aïn Tarma",
        "SY",
        33.5155,
        36.3506,
    ),
    (
        "fr",
        "Les habitants de Foua, dans la province d'Idleb, ont été évacués.",
        "Foua",
        "SY",
        35.9829,
        36.7022,
    ),
]


def _ids(rows):
    values = [getattr(row, "values", row) for row in rows]  # pytest.param rows too
    return [f"{v[0]}-{v[1]}" for v in values]


@pytest.mark.parametrize(
    ("spelling", "lang", "country", "lat", "lon"),
    SPELLINGS,
    ids=_ids(SPELLINGS),
)
def test_press_spelling_geocodes_to_its_place(spelling, lang, country, lat, lon):
    for hint in (None, country):
        loc = conflict_geo.geocode(spelling, country=hint)
        assert loc is not None, (spelling, hint)
        got = (loc.raw["name"], loc.raw["country"], loc.raw["kind"])
        assert loc.raw["country"] == country, (spelling, hint, got)
        assert loc.raw["kind"] != "admin1", (spelling, hint, got)  # the town itself
        assert km(lat, lon, loc.latitude, loc.longitude) <= 10, (spelling, hint, got)


@pytest.mark.parametrize(
    ("spelling", "lang", "country", "lat", "lon"), AMBIGUOUS, ids=_ids(AMBIGUOUS)
)
def test_ambiguous_spelling_needs_a_country_hint(spelling, lang, country, lat, lon):
    loc = conflict_geo.geocode(spelling, country=country, kind="populated")
    assert loc is not None
    assert km(lat, lon, loc.latitude, loc.longitude) <= 10, loc.raw["name"]


@pytest.mark.parametrize(
    ("lang", "text", "spelling", "country", "lat", "lon"),
    SENTENCES,
    ids=[row[2] + "-" + row[0] for row in SENTENCES],
)
def test_geoparse_resolves_the_press_spelling(lang, text, spelling, country, lat, lon):
    # The gazetteer recogniser alone (model=None): the spaCy model takes
    # seconds to load, and these sentences give the same places with it.
    mentions = geoparse(text, lang=lang, model=None)
    found = [m for m in mentions if m.text == spelling]
    assert found, [m.text for m in mentions]
    place = found[0].place
    assert place is not None and place.country == country, place
    assert km(lat, lon, place.lat, place.lon) <= 10, place


def test_a_province_keeps_its_name():
    # The aliases of provincial capitals do not take the province's name away.
    for text, name in [
        ("Protesters gathered in Sulaimaniyah province.", "As-Sulaymaniyah"),
        ("Des roquettes sont tombées dans la province de Nabatiyé.", "An Nabatiyah"),
    ]:
        mentions = geoparse(text, model=None)
        places = [m.place for m in mentions if m.place is not None]
        assert [(p.name, p.kind) for p in places] == [(name, "admin1")], text
